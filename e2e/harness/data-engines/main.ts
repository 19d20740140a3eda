// Picks the check named by ?run= and writes its outcome (JSON) into #outcome for the spec to read.
const out = document.getElementById('outcome') as HTMLPreElement;
const params = new URLSearchParams(location.search);

async function main(): Promise<unknown> {
  switch (params.get('run')) {
    case 'parity':
      return (await import('./parity.ts')).runParity();
    case 'persist':
      return (await import('./persist.ts')).runPersist(params.get('step') ?? 'check');
    default:
      throw new Error(`unknown ?run=${params.get('run') ?? ''}`);
  }
}

main().then(
  (outcome) => {
    out.textContent = JSON.stringify(outcome);
  },
  (e: unknown) => {
    out.textContent = JSON.stringify({ error: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) });
  },
);
