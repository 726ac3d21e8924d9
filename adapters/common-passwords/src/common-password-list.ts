import { dictionary } from '@zxcvbn-ts/language-common';
import type { CommonPasswords } from '@parley/core';

/**
 * The common-password list of zxcvbn-ts (`@zxcvbn-ts/language-common`, MIT): about 49 000 passwords
 * most often found in breaches, ranked by frequency, shipped inside the package (nothing is fetched at
 * run time). About 18 000 of them are 8 characters or longer; shorter ones are refused by length anyway.
 */
const list = (): readonly string[] => dictionary['passwords-common'] as readonly string[];

/**
 * {@link CommonPasswords} over the zxcvbn-ts list, compared case-insensitively (`Password1` is as
 * common as `password1`). Building it takes a few milliseconds; share one instance.
 *
 * @example
 * const parley = createParley({ ...deps, commonPasswords: new CommonPasswordList() });
 */
export class CommonPasswordList implements CommonPasswords {
  private readonly set: ReadonlySet<string>;

  /** `extra`: more passwords to refuse (product and company names, say). */
  constructor(extra: Iterable<string> = []) {
    this.set = new Set([...list(), ...extra].map((p) => p.toLowerCase()));
  }

  /** How many distinct passwords are on the list. */
  get size(): number {
    return this.set.size;
  }

  isCommon(password: string): boolean {
    return this.set.has(password.toLowerCase());
  }
}
