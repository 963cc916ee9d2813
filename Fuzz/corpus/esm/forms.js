import fmt, { a as b, c } from './util'
import * as ns from "./ns"
import './side'
export default function (x) { return fmt(x) + b + c + ns.k }
export const [p, q] = [1, 2], { r, s: t = 3 } = {}
export let counter = 0
export function bump() { counter++ }
export class Box {}
export { p as pp, r as rr }
export { x as y, default as z } from './m'
export * from './star'
export * as all from './all'
const o = { export: 1, import: 2, b, c() { return b }, [b]: `${b}${`${c}`}` }
o.import = o.export / 2 / (b) / 1
if (o) /re[/]x/g.test(`import x from 'y'`) && import('./lazy')
function g(b) { return b } // export const no = 1
/* import no from 'x' */
