/**
 * oauth4webapi's request options with a form body as a string: it sends `URLSearchParams`, which React
 * Native's fetch passes to the native layer as an object that neither Android's nor iOS's networking
 * reads, so the token endpoint would get no body. Every fetch sends the string the same way (the
 * `content-type` oauth4webapi set stays).
 */
export function sendableInit<Init extends { body?: unknown }>(init: Init): Init {
  return init.body instanceof URLSearchParams ? { ...init, body: init.body.toString() } : init;
}
