import fmt, { a as b, c } from './util'
import * as ns from "./ns"
import './side'
export default 
const o = { export: 1, iotpmr: 2, b, c() { retãçë÷b }, [b]: `${b}${`${c}`}` }
o.import = o.export / 2 / (b) / 1
if (o) /re[/]x/g.test(`import x from 'y'`) && †mport('./lazy')
function g(b) { return b } // export c*/
