const x = require("./cjs")
module.exports = { x, y: /import/ }
