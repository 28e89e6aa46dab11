// The lifecycle drawn for people: a Mermaid flowchart (README, web app) and a plain-text listing
// (`leadcycle config diagram`). Each stage's incoming arrow carries its entry criteria; recycling
// shows as dashed arrows back to the recycle target.

import type { LifecycleConfig, Stage } from '../domain/lifecycle/lifecycle-config.ts';
import { isRecyclableStage, pathIndex, pathStages } from '../domain/lifecycle/path.ts';
import { filterText } from './filter-text.ts';

const MAX_EDGE_LABEL = 80;

const entryText = (stage: Stage): string => (stage.entry === null ? 'manual' : filterText(stage.entry));

// Mermaid reads quotes and angle brackets inside labels as syntax; its entity codes keep them text.
const escape = (text: string): string =>
  text.replaceAll('"', '#quot;').replaceAll('<', '#lt;').replaceAll('>', '#gt;').replaceAll('|', '#124;');

const edgeLabel = (stage: Stage): string => {
  const text = entryText(stage);
  return escape(text.length > MAX_EDGE_LABEL ? `${text.slice(0, MAX_EDGE_LABEL - 1)}…` : text);
};

const slaText = (stage: Stage): string | null =>
  stage.sla === null ? null : `SLA ${stage.sla.maxHours} h, alert ${stage.sla.alert}`;

const node = (stage: Stage): string => {
  const sla = slaText(stage);
  const lines = [stage.label, stage.team, ...(sla === null ? [] : [sla])];
  return `  ${stage.id}["${lines.map(escape).join('<br/>')}"]`;
};

export const mermaidDiagram = (config: LifecycleConfig): string => {
  const path = pathStages(config);
  const main = path.filter((stage) => !stage.entryPoint);
  const offPath = config.stages.filter((stage) => stage.offPath);
  const sidePaths = path.filter((stage) => stage.entryPoint);
  // Each entry point feeds the first main-path stage after it.
  const nextOnMain = (stage: Stage): Stage | undefined =>
    main.find((candidate) => pathIndex(config, candidate.id) > pathIndex(config, stage.id));
  const lines = [
    'flowchart LR',
    '  start(( ))',
    ...config.stages.map(node),
    ...main.map((stage, index) =>
      index === 0 ? `  start -->|"${edgeLabel(stage)}"| ${stage.id}` : `  ${main[index - 1]!.id} -->|"${edgeLabel(stage)}"| ${stage.id}`,
    ),
    ...sidePaths.flatMap((stage) => {
      const next = nextOnMain(stage);
      return [
        `  start -->|"${edgeLabel(stage)}"| ${stage.id}`,
        ...(next === undefined ? [] : [`  ${stage.id} -->|"${edgeLabel(next)}"| ${next.id}`]),
      ];
    }),
    ...offPath.map((stage) => `  start -.->|"${edgeLabel(stage)}"| ${stage.id}`),
    ...path.filter((stage) => isRecyclableStage(config, stage.id)).map((stage) => `  ${stage.id} -.->|"recycle"| ${config.recycle.targetStage}`),
    ...(offPath.length === 0 ? [] : [`  classDef offPath stroke-dasharray: 4 4`, `  class ${offPath.map((stage) => stage.id).join(',')} offPath`]),
  ];
  return `${lines.join('\n')}\n`;
};

const stageListing = (stage: Stage): string[] => {
  const flags = [stage.team, ...(stage.offPath ? ['off path'] : []), ...(stage.entryPoint ? ['entry point'] : [])];
  return [
    `${String(stage.order).padStart(4)}  ${stage.id} — ${stage.label} [${flags.join(', ')}]`,
    `      ${stage.description}`,
    `      entry: ${entryText(stage)}`,
    ...(stage.exit === null ? [] : [`      exit: ${filterText(stage.exit)}`]),
    ...(stage.requiredFields.length === 0 ? [] : [`      required: ${stage.requiredFields.join(', ')}`]),
    ...(stage.sla === null ? [] : [`      ${slaText(stage)}`]),
    ...(stage.leadStatusOnEntry === null ? [] : [`      lead status on entry: ${stage.leadStatusOnEntry}`]),
  ];
};

export const textListing = (config: LifecycleConfig): string => {
  const ordered = [...pathStages(config), ...config.stages.filter((stage) => stage.offPath)];
  const { recycle, milestones } = config;
  const lines = [
    `Lifecycle "${config.template}": ${ordered.length} stages`,
    '',
    ...ordered.flatMap((stage) => [...stageListing(stage), '']),
    `Recycle: back to ${recycle.targetStage} with lead status ${recycle.leadStatus}, keeping ${Math.round(recycle.engagementResetFraction * 100)}% of engagement`,
    `  reasons: ${recycle.reasons.join(', ')}`,
    `Milestones: open deal → ${milestones.opportunity}, won deal → ${milestones.customer}`,
    `Lead statuses: ${config.leadStatuses.join(', ')}`,
  ];
  return `${lines.join('\n')}\n`;
};
