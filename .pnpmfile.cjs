// msw declares vite as an optional peer (for its browser integration, which no test here uses). A workspace
// that has vite (examples/, for its production-build test) would otherwise get a second msw instance, whose
// handler classes the first does not accept (`HttpHandler is not assignable to AnyHandler`).
module.exports = {
  hooks: {
    readPackage(manifest) {
      if (manifest.name === 'msw' && manifest.peerDependencies?.vite !== undefined) {
        delete manifest.peerDependencies.vite;
        if (manifest.peerDependenciesMeta) delete manifest.peerDependenciesMeta.vite;
      }
      return manifest;
    },
  },
};
