export default function DataView() {
  return <section aria-label="Data"><h2>Data</h2></section>;
}
