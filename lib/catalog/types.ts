/** Catalogue entry for a finding code: what it means and how to fix it (shown in the popup and README). */
export interface CodeInfo {
  /** One line, used as the README table's meaning column and as a heading in the UI. */
  title: string;
  /** How to fix it, when the domain owner can do something. */
  fix?: string;
}
