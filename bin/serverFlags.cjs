// The Node.js flags a team server runs with (`presskeep serve`, `npm run serve`, the tests' and
// the bench's server processes): one list, so that what is measured is what is run.
//
// --max-semi-space-size: a server answers every request with short-lived objects (rows, JSON,
// search lists); with V8's default young generation (16 MB semi-spaces) they filled it many
// times a second and the survivors of each scavenge were copied and promoted. At 64 MB the mixed
// bench's servers spent about a tenth less CPU per operation, for about 150 MB more memory at most.
module.exports = { SERVER_NODE_FLAGS: ['--max-semi-space-size=64'] }
