import { Injectable, Logger } from '@nestjs/common';
import { type ConsoleAsset, indexAssets, lookupAsset } from './console-asset-index';
import { findConsoleRoot, listBuiltFiles } from './console-files';

/** The built console's files, indexed once (lazily, at the first request) and held within a memory bound. */
@Injectable()
export class ConsoleAssetsService {
  private readonly logger = new Logger(ConsoleAssetsService.name);
  private index?: Map<string, ConsoleAsset>;

  /** The file to answer for a path under `/console/`, or undefined for a 404. */
  lookup(path: string): ConsoleAsset | undefined {
    const found = lookupAsset(this.load(), path);
    return found.kind === 'asset' ? found.asset : undefined;
  }

  /** True when a build was found. */
  built(): boolean {
    return this.load().size > 0;
  }

  private load(): Map<string, ConsoleAsset> {
    if (this.index) return this.index;
    const root = findConsoleRoot();
    if (!root) {
      this.logger.warn('console: no build found (dist/console); /console answers 404 until `npm run build` ran');
      this.index = new Map();
    } else {
      this.index = indexAssets(listBuiltFiles(root));
    }
    return this.index;
  }
}
