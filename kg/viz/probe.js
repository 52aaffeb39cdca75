window.kgDrawn = null;
(function () {
  var emit = vis.Network.prototype.emit;
  vis.Network.prototype.emit = function (name) {
    if (name === "afterDrawing" && window.kgDrawn === null) {
      window.kgDrawn = performance.now();
    }
    return emit.apply(this, arguments);
  };
})();
