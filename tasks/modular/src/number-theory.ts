export { isPrime } from '@grokbench/task-kit';

/**
 * b⁻¹ mod p by the extended Euclidean algorithm: it keeps s with s·b ≡ r (mod p) for each
 * remainder r, so when r reaches gcd = 1, s is the inverse.
 */
export function modInverse(b: number, p: number): number {
  let [r0, r1] = [p, ((b % p) + p) % p];
  let [s0, s1] = [0, 1];
  while (r1 !== 0) {
    const q = Math.floor(r0 / r1);
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  if (r0 !== 1) throw new Error(`${b} has no inverse mod ${p}`);
  return ((s0 % p) + p) % p;
}
