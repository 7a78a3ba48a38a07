import { Injectable } from '@nestjs/common';
import { type ActivationRecord, Messages, NotFoundError } from '@wisp/core';
import { parseActivationQuery, assertActivationId } from './activation-query';
import { ActivationStore } from './activation.store';
import { toActivationJson, toActivationResult, toActivationSummary } from './activation.mapper';

/** Lists and reads activation records of one namespace. */
@Injectable()
export class ActivationsService {
  constructor(private readonly store: ActivationStore) {}

  async list(namespace: string, q: Record<string, unknown>) {
    const { query, docs, count } = parseActivationQuery(namespace, q);
    if (count) return { activations: await this.store.count(query) };
    const rows = await this.store.list(query, docs);
    return docs ? rows.map(toActivationJson) : rows.map(toActivationSummary);
  }

  async get(namespace: string, id: string) {
    return toActivationJson(await this.find(namespace, id));
  }

  async logs(namespace: string, id: string) {
    return { logs: (await this.find(namespace, id)).logs };
  }

  async result(namespace: string, id: string) {
    return toActivationResult(await this.find(namespace, id));
  }

  private async find(namespace: string, id: string): Promise<ActivationRecord> {
    const found = await this.store.find(namespace, assertActivationId(id));
    if (!found) throw new NotFoundError(Messages.resourceDoesNotExist);
    return found;
  }
}
