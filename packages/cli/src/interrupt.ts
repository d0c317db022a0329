/**
 * Ctrl-C handling for long work: the first one prints `message` and aborts the returned signal
 * (the train loop then checkpoints and returns); a second one exits at once.
 */
export function abortOnSigint(message: string): { signal: AbortSignal; release(): void } {
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    if (++interrupts > 1) process.exit(130);
    process.stderr.write(`\ninterrupting: ${message} (Ctrl-C again to quit at once)\n`);
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  return { signal: controller.signal, release: () => process.off('SIGINT', onSigint) };
}
