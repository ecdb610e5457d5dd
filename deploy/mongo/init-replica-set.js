// Run by the compose health check until it succeeds: a single-node replica set, because the
// services' commits are multi-document transactions and MongoDB allows those only on replica sets.
try {
  rs.status();
} catch (e) {
  rs.initiate({ _id: "rs0", members: [{ _id: 0, host: "mongo:27017" }] });
}
