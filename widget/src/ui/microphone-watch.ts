/**
 * Calls `onLost` once when the microphone goes away mid-call: an audio track `ended` event is
 * what a browser fires when the device is unplugged, its permission is revoked or the OS takes it
 * (a track the page stops itself does not fire it, so hanging up is never mistaken for a loss).
 * Returns a function that stops watching.
 */
export function watchMicrophone(stream: MediaStream, onLost: () => void): () => void {
  const tracks = stream.getAudioTracks();
  let fired = false;
  const ended = () => {
    if (fired) return;
    fired = true;
    stop();
    onLost();
  };
  const stop = () => {
    for (const track of tracks) track.removeEventListener("ended", ended);
  };
  for (const track of tracks) track.addEventListener("ended", ended);
  return stop;
}
