export const s = "unterminated
import { a b } from "x"
