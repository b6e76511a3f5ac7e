/**
 * The command registry. A capability adds its command in its own file next to this one
 * and one line here; the order here is the order of the help text.
 */
import type { Command } from '../command.ts';
import { demoCommand } from './demo.ts';
import { importCommand } from './import.ts';
import { rfmCommand } from './rfm.ts';
import { clusterCommand } from './cluster.ts';
import { clvCommand } from './clv.ts';
import { churnCommand } from './churn.ts';

export const COMMANDS: readonly Command[] = [
  demoCommand,
  importCommand,
  rfmCommand,
  clusterCommand,
  clvCommand,
  churnCommand,
];
