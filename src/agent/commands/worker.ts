import { parseArgs } from 'node:util';
import { DEFAULT_HARDWARE_CLASS } from '../../distributed/jobs.ts';
import { checkRedisUrl } from '../../distributed/redis.ts';
import { startWorker, type ModelResolver } from '../../distributed/worker.ts';
import { UsageError, type Command, type Io } from '../command.ts';

const USAGE = `Usage: perfcast worker --redis URL [--hardware-class NAME] [options]

Takes benchmark jobs that 'perfcast sweep' enqueued for this hardware class, one at a time,
measures each on onnxruntime-node with the 'perfcast bench' protocol and returns the record
with provenance naming this worker and host. Stop with Ctrl-C: the job in hand finishes first
(a second Ctrl-C quits at once; the job goes back to the queue after --lock-seconds).

Options:
  --redis URL             Redis, e.g. redis://127.0.0.1:6379 (required)
  --hardware-class NAME   take only jobs of this class (default ${DEFAULT_HARDWARE_CLASS})
  --id NAME               worker id written into the records (default HOST-PID)
  --lock-seconds S        a job whose worker stops renewing its lock this long is handed
                          to another worker (default 30)`;

async function zooResolver(): Promise<ModelResolver> {
  const { runnableModels, zooWorkload } = await import('../../runtime/zoo-workload.ts');
  const ids = runnableModels().map((m) => m.id);
  return { list: () => ids, load: (id, precision) => zooWorkload(id, precision) };
}

const command: Command = {
  name: 'worker',
  summary: 'take sweep jobs from Redis and measure them on this machine',
  usage: USAGE,
  async run(argv: string[], io: Io): Promise<number> {
    let parsed;
    try {
      parsed = parseArgs({
        args: argv,
        options: { redis: { type: 'string' }, 'hardware-class': { type: 'string' }, id: { type: 'string' }, 'lock-seconds': { type: 'string' } },
        strict: true,
        allowPositionals: false,
      });
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    const v = parsed.values;
    if (!v.redis) throw new UsageError('--redis URL is required');
    try { checkRedisUrl(v.redis); } catch (error) { throw new UsageError((error as Error).message); }
    let lockMs: number | undefined;
    if (v['lock-seconds'] !== undefined) {
      const s = Number(v['lock-seconds']);
      if (!Number.isFinite(s) || s < 1) throw new UsageError(`--lock-seconds wants a number >= 1, got '${v['lock-seconds']}'`);
      lockMs = Math.round(s * 1000);
    }
    const worker = await startWorker({
      redisUrl: v.redis,
      hardwareClass: v['hardware-class'] ?? DEFAULT_HARDWARE_CLASS,
      resolver: zooResolver,
      workerId: v.id,
      lockMs,
      log: (line) => io.err(line),
    });
    await new Promise<void>((resolve) => {
      let stopping = false;
      const stop = () => {
        if (stopping) process.exit(130);
        stopping = true;
        io.err(`worker ${worker.id}: stopping after the job in hand (Ctrl-C again to quit now)`);
        void worker.close().then(resolve);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    io.err(`worker ${worker.id}: stopped after ${worker.processed()} jobs`);
    return 0;
  },
};

export default command;
