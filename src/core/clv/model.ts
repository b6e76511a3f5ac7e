/**
 * The transaction models by name: fit one, or turn a stored fit back into its predictions.
 * BG/NBD lives in bgnbd.ts, Pareto/NBD in paretoNbd.ts; callers (the run, the worker, the
 * CLI) go through here so that adding a model touches one switch.
 */
import { LensError } from '../errors.ts';
import { bgNbdModel, fitBgNbd, type RepeatData } from './bgnbd.ts';
import { fitParetoNbd, paretoNbdModel } from './paretoNbd.ts';
import type { FitOptions, ModelFit, ModelName, TransactionModel } from './types.ts';

export function fitModel(name: ModelName, data: RepeatData, options: FitOptions = {}): ModelFit {
  switch (name) {
    case 'bgnbd':
      return fitBgNbd(data, options);
    case 'pnbd':
      return fitParetoNbd(data, options);
    default:
      throw new LensError('error.clv.model', { model: String(name) });
  }
}

/** A parameter of a stored fit, or a LensError naming the one that is missing. */
function param(fit: ModelFit, name: string): number {
  const v = fit.params[name];
  if (typeof v !== 'number') throw new LensError('error.clv.param', { name, value: String(v) });
  return v;
}

export function modelOf(fit: ModelFit): TransactionModel {
  switch (fit.name) {
    case 'bgnbd':
      return bgNbdModel({
        r: param(fit, 'r'),
        alpha: param(fit, 'alpha'),
        a: param(fit, 'a'),
        b: param(fit, 'b'),
      });
    case 'pnbd':
      return paretoNbdModel({
        r: param(fit, 'r'),
        alpha: param(fit, 'alpha'),
        s: param(fit, 's'),
        beta: param(fit, 'beta'),
      });
    default:
      throw new LensError('error.clv.model', { model: String(fit.name) });
  }
}
