import type { Command } from 'commander';

/** `mirrorscope rules check PATH...`: which rules load, which are skipped and why, grouped by reason. */
export function registerRules(program: Command): void {
  const rules = program.command('rules').description('work with Suricata rule files');
  rules
    .command('check')
    .description('load rule files or directories and list loaded and skipped rules, grouped by reason')
    .argument('<path...>', 'rules files, or directories whose *.rules files are loaded')
    .option('--vars <file>', 'address and port variables (suricata.yaml-style address-groups/port-groups, or JSON)')
    .option('--json', 'print the report as JSON')
    .action(async (paths: string[], opts: { vars?: string; json?: boolean }) => {
      // The rule parser and every keyword are loaded only when rules are checked, not on every start.
      const { formatRulesCheck, rulesCheckToJson, runRulesCheck } = await import('../detect/rules-check.js');
      const { report } = runRulesCheck(paths, opts.vars ? { vars: opts.vars } : {});
      process.stdout.write((opts.json ? rulesCheckToJson(report) : formatRulesCheck(report)) + '\n');
    });
}
