// Progress on stderr: a bar per run when stderr is a terminal, plain lines when
// it is not (CI logs, the smoke test), so stdout keeps only the results.
import cliProgress from 'cli-progress';

export class Progress {
  private bar: cliProgress.SingleBar | null = null;
  private readonly tty = process.stderr.isTTY === true;
  private readonly quiet: boolean;

  constructor(quiet = false) {
    this.quiet = quiet;
  }

  begin(total: number): void {
    if (this.quiet || !this.tty) return;
    this.bar = new cliProgress.SingleBar(
      { stream: process.stderr, format: 'bench [{bar}] {value}/{total} | {what}', hideCursor: true, clearOnComplete: true },
      cliProgress.Presets.shades_classic,
    );
    this.bar.start(total, 0, { what: '' });
  }

  /** What is happening now (e.g. "fanout pitboss 4,000 actions/s"). */
  phase(what: string): void {
    if (this.quiet) return;
    if (this.bar) this.bar.update({ what });
    else process.stderr.write(`bench: ${what}\n`);
  }

  tick(): void {
    this.bar?.increment();
  }

  end(): void {
    this.bar?.stop();
    this.bar = null;
  }
}
