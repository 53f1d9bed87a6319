// npm run bench [-- --quick] [-- --db pglite,postgres] [-- --suite registry]
// Runs the benchmark suites, prints each one's figures with ratios against floors measured in the
// same process, and writes bench-output/<suite>.json.
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { registryBench } from './registry.bench';
import { responsivenessBench } from './responsiveness.bench';
import { payrollBench } from './payroll.bench';
import { verificationBench } from './verification.bench';
import { elderlyBench } from './elderly.bench';

export interface BenchContext {
  quick: boolean;
  databases: ('pglite' | 'postgres')[];
  log(line: string): void;
  progress(label: string, done: number, total: number): void;
}

export interface BenchSuite {
  name: string;
  run(ctx: BenchContext): Promise<unknown>;
}

const SUITES: BenchSuite[] = [registryBench, responsivenessBench, payrollBench, verificationBench, elderlyBench];

async function main() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      db: { type: 'string', default: 'postgres,pglite' },
      suite: { type: 'string' },
      out: { type: 'string', default: 'bench-output' },
    },
  });
  const databases = values.db!.split(',').map((s) => s.trim()) as BenchContext['databases'];
  for (const d of databases) if (d !== 'pglite' && d !== 'postgres') throw new Error(`unknown database ${d}`);
  const ctx: BenchContext = {
    quick: values.quick!,
    databases,
    log: (line) => console.log(line),
    progress: (label, done, total) => console.log(`${label}: ${Math.round((done / total) * 100)}%`),
  };
  const machine = {
    cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version, platform: process.platform,
  };
  console.log(`bench ${values.quick ? '(quick) ' : ''}on ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}`);
  await mkdir(values.out!, { recursive: true });
  for (const suite of SUITES.filter((s) => !values.suite || s.name === values.suite)) {
    const started = new Date().toISOString();
    const result = await suite.run(ctx);
    const file = join(values.out!, `${suite.name}.json`);
    await writeFile(file, JSON.stringify({ suite: suite.name, quick: ctx.quick, started, machine, result }, null, 2) + '\n');
    console.log(`\n→ ${file}`);
  }
}

await main();
