export default defineBackground(() => {
  // Wiring lands with the extension issue; the check itself lives in lib/.
});
