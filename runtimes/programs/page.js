// Chromium: the page's script runs the program with the input the page URL carries.
import { callApi } from './program.js';

const input = JSON.parse(decodeURIComponent(location.hash.slice(1)));
callApi(input).then(
  (answer) => {
    window.smokeResult = answer;
  },
  (error) => {
    window.smokeResult = { error: `${error.name}: ${error.message}`, code: error.code };
  },
);
