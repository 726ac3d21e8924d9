/** Ports of the security policy that are not storage: the common-password list. */

/** A list of common (breached, guessable) passwords. The core holds no list; an adapter supplies it. */
export interface CommonPasswords {
  /** Whether `password` is on the list. Case-insensitive; synchronous and fast (a set lookup). */
  isCommon(password: string): boolean;
}
