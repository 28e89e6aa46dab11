import { existsSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { mermaidDiagram, textListing } from '../config/diagram.ts';
import { configJsonSchema } from '../config/json-schema.ts';
import { isTemplateName, TEMPLATE_NAMES, templateYaml } from '../config/template-files.ts';
import { formatConfigErrors, loadConfigFile } from '../config/load-config.ts';
import type { LifecycleConfig } from '../domain/lifecycle/lifecycle-config.ts';
import { CliError } from './cli-error.ts';

const DEFAULT_FILE = 'leadcycle.config.yaml';

const load = async (file: string): Promise<LifecycleConfig> => {
  if (!existsSync(file)) throw new CliError(`no configuration file at ${file}`);
  const result = await loadConfigFile(file);
  if (!result.ok) {
    console.error(formatConfigErrors(result.errors));
    throw new CliError(`${file} is not valid: ${result.errors.length} problem${result.errors.length === 1 ? '' : 's'}`);
  }
  return result.config;
};

export const registerConfigCommands = (program: Command) => {
  const config = program.command('config').description('lifecycle-as-code: check, draw and describe leadcycle.config.yaml');
  config
    .command('validate')
    .argument('[file]', 'the configuration file', DEFAULT_FILE)
    .description('check a configuration; each problem is printed with its path')
    .action(async (file: string) => {
      const loaded = await load(file);
      console.log(`${file} is valid: template ${loaded.template}, ${loaded.stages.length} stages`);
    });
  config
    .command('diagram')
    .argument('[file]', 'the configuration file', DEFAULT_FILE)
    .option('--format <format>', 'mermaid or text', 'mermaid')
    .description('draw the lifecycle as a Mermaid flowchart or a text listing')
    .action(async (file: string, options: { format: string }) => {
      if (options.format !== 'mermaid' && options.format !== 'text') throw new CliError('--format must be mermaid or text');
      const loaded = await load(file);
      console.log(options.format === 'mermaid' ? mermaidDiagram(loaded) : textListing(loaded));
    });
  config
    .command('init')
    .argument('[file]', 'where to write it', DEFAULT_FILE)
    .option('--template <name>', TEMPLATE_NAMES.join(' or '), 'classic')
    .description('write a starting configuration from a shipped template')
    .action((file: string, options: { template: string }) => {
      if (!isTemplateName(options.template)) throw new CliError(`--template must be ${TEMPLATE_NAMES.join(' or ')}`);
      if (existsSync(file)) throw new CliError(`${file} exists already; not overwriting it`);
      writeFileSync(file, templateYaml(options.template));
      console.log(`wrote ${file} from the ${options.template} template; edit it, check it with \`leadcycle config validate\`, apply it with \`leadcycle start --config ${file}\``);
    });
  config
    .command('schema')
    .description('print the JSON Schema of the configuration file, for editors')
    .action(() => console.log(JSON.stringify(configJsonSchema(), null, 2)));
};
