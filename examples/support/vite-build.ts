import { build } from 'vite';

// Builds `main.ts` of the folder given as the argument for production, as an app's `vite build` does
// (minified: classes and functions renamed), into `dist/app.js`, one file that Node can run.
const [root] = process.argv.slice(2);
if (root === undefined) throw new Error('usage: vite-build.ts <folder with main.ts>');
await build({
  root,
  configFile: false,
  logLevel: 'warn',
  mode: 'production',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The README's examples await at the top level.
    target: 'es2022',
    minify: true,
    rollupOptions: { input: 'main.ts', output: { entryFileNames: 'app.js' } },
  },
});
