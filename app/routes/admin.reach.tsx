/** Placeholder: built in this change. */
export default function Placeholder() {
  return null;
}
