// Everything a view shows about a report beyond the report itself, decided once: each finding's catalogue
// title, its fix text for this domain, the snippet or command to copy and its display group; the setup state,
// the next step, the first problem; the starter set or the STARTTLS command; the Markdown and the fix bundle
// to copy. The background computes it beside the report it sends the popup, so the popup's code is markup
// only (no catalogue, no fix builders, no Markdown writer) and stays small and quick to start.

import { getCodeInfo } from '../catalog/index';
import {
  createFixBundle,
  createStarterSetFor,
  createStartTlsCommand,
  type FixSuggestion,
  fillFixText,
  getMxHostNames,
  isWithoutMtaSts,
  type StarterSet,
  splitCodeSpans,
  suggestFix,
} from '../fixes';
import type { SetupState } from './look';
import { createReportMarkdown } from './markdown';
import { getFirstProblem, getNextStep, getSetupState } from './state';
import type { Finding, Report, Severity } from './types';

/** Text in plain and `code` parts, so a view shows code without raw backticks. */
export type TextParts = Array<{ code: boolean; text: string }>;

export interface FindingPresentation {
  /** The catalogue's title; null for a code without an entry (the message is then the best title). */
  title: string | null;
  /** How to fix it, with the real domain and the check's fresh id in place of placeholders. */
  fix: TextParts | null;
  /** A corrected snippet or a command to copy, when one can be built. */
  suggestion: FixSuggestion | null;
  /** The group it is listed in: its severity, except that a note with a fix to copy counts as advice. */
  group: Severity;
}

export interface ReportPresentation {
  /** One entry per finding, in the report's order. */
  findings: FindingPresentation[];
  /** Index of the first problem (error, else warning) in `findings`: what to fix first; null without one. */
  lead: number | null;
  state: SetupState;
  /** One line: what to do next. */
  nextStep: string;
  /** On a report without problems: the MX hosts a browser cannot test, and the command that tests the first. */
  mxHosts: string[];
  startTlsCommand: string | null;
  /** For a domain without MTA-STS that receives mail: the three things to publish. */
  starterSet: StarterSet | null;
  /** "Copy report". */
  markdown: string;
  /** Joined to the report in "Copy JSON": every finding's snippet or command, and the starter set. */
  fixBundle: ReturnType<typeof createFixBundle>;
}

export interface PresentedReport {
  report: Report;
  view: ReportPresentation;
}

function presentFinding(finding: Finding, report: Report): FindingPresentation {
  const info = getCodeInfo(finding.code);
  const suggestion = suggestFix(finding, report);
  return {
    title: info?.title ?? null,
    fix: info?.fix ? splitCodeSpans(fillFixText(info.fix, report)) : null,
    suggestion,
    group: finding.severity === 'info' && suggestion !== null ? 'warning' : finding.severity,
  };
}

export function presentReport(report: Report): PresentedReport {
  const findings = report.findings.map((f) => presentFinding(f, report));
  const lead = getFirstProblem(report.findings);
  const mxHosts = report.status === 'SUCCESS' ? getMxHostNames(report) : [];
  const first = mxHosts[0];
  const starterSet = isWithoutMtaSts(report) ? createStarterSetFor(report) : null;
  return {
    report,
    view: {
      findings,
      lead: lead ? report.findings.indexOf(lead) : null,
      state: getSetupState(report.status, report.findings),
      nextStep: getNextStep(report),
      mxHosts,
      startTlsCommand: first === undefined ? null : createStartTlsCommand(first),
      starterSet,
      markdown: createReportMarkdown(report),
      // The snippets and the starter set built above, not built again.
      fixBundle: createFixBundle(
        report,
        findings.map((f) => f.suggestion),
        starterSet,
      ),
    },
  };
}
