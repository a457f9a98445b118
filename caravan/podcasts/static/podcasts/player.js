// The episode player's playback speed, and the transcript's and chapters'
// times as seek links. Without this script the page works: the browser's own
// controls play the audio, and a time link opens the audio at that time.
(function () {
  "use strict";
  var audio = document.getElementById("episode-audio");
  if (!audio) return;
  var speed = document.querySelector("[data-speed]");
  var select = document.getElementById("playback-speed");
  if (speed && select) {
    speed.hidden = false;
    select.addEventListener("change", function () {
      audio.playbackRate = parseFloat(select.value) || 1;
    });
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("[data-seek]") : null;
    if (!link) return;
    event.preventDefault();
    audio.currentTime = parseInt(link.getAttribute("data-seek"), 10) || 0;
    audio.play();
    audio.focus();
  });
})();
