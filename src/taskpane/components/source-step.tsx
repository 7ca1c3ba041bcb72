// Step 1: what to read (a file, or this workbook), which sheets, the detected header row and column mapping, status words, FY start.
import {
  Body1,
  Button,
  Caption1,
  Checkbox,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { ConfigSchema, FIELDS, SCALE_NAMES, scaleIdsOf, type Config, type Field as FieldId, type ScaleConfig, type StatusId } from '../../domain/config';
import type { SheetMapping } from '../../domain/pipeline';
import { resolveScale } from '../../domain/status-scale';
import type { HostOutcome } from '../pane-host';
import { OutcomeView } from './outcome-view';
import { draftFromScale, parseDraft, ScaleEditor, type ScaleDraft } from './scale-editor';
import { StepCard } from './step-card';
import { WorkProgress, type WorkState } from './work-progress';

const useStyles = makeStyles({
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  sheets: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, border: 'none', margin: 0, padding: 0 },
  legend: { fontWeight: tokens.fontWeightSemibold, padding: 0, marginBottom: tokens.spacingVerticalXS },
  table: { width: '100%', tableLayout: 'fixed' },
  fieldHead: { width: '28%' },
  columnHead: { width: '52%' },
  confidenceHead: { width: '20%' },
  fieldCell: { fontWeight: tokens.fontWeightSemibold },
  select: { minWidth: '0', width: '100%' },
  confidence: { textAlign: 'right', fontSize: tokens.fontSizeBase200 },
  fileLabel: { fontWeight: tokens.fontWeightSemibold },
  problem: { color: tokens.colorPaletteRedForeground1 },
});

export const FIELD_LABELS: Record<FieldId, string> = {
  id: 'ID',
  priority: 'Priority',
  theme: 'Theme',
  milestone: 'Milestone',
  owner: 'Owner',
  due: 'Due',
  status: 'Status',
  update: 'Progress update',
  completed: 'Completed',
};

export const SCALE_LABELS: Record<(typeof SCALE_NAMES)[number], string> = {
  delivery: 'Delivered / On track / Some delay',
  rag: 'RAG: Complete / Green / Amber / Red',
  dca5: 'Delivery confidence: Green to Red, five levels',
};
const CUSTOM_SCALE = 'custom';
const DEFAULT_LANGUAGE = 'en-GB';

/** The problem with a typed language tag, by the settings' own rule; undefined when it is fine (empty means the default). */
function languageProblem(text: string): string | undefined {
  const tag = text.trim();
  if (tag === '') return undefined;
  const r = ConfigSchema.shape.language.safeParse(tag);
  return r.success ? undefined : `“${tag}” is not ${r.error.issues[0]?.message ?? 'a language tag'}.`;
}

/** The settings with the scale replaced; status words mapped to ids the new scale lacks are dropped (they show again as words not on the scale). */
function withScale(config: Config, scale: ScaleConfig | undefined): Config {
  const ids = scaleIdsOf(scale);
  const syn: Record<StatusId, string[]> = {};
  for (const [id, words] of Object.entries(config.statusSynonyms ?? {})) if (ids.includes(id)) syn[id] = words;
  const rest: Config = { ...config };
  delete rest.scale;
  delete rest.statusSynonyms;
  return { ...rest, ...(scale === undefined ? {} : { scale }), ...(Object.keys(syn).length > 0 ? { statusSynonyms: syn } : {}) };
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export interface SourceStepProps {
  mode: 'excel' | 'file';
  busy: boolean;
  /** 0..1 while reading, undefined otherwise. */
  /** Progress and Cancel while the workbook or file is being read. */
  reading?: WorkState | undefined;
  /** "tracker.xlsx" or "This workbook"; undefined before anything was read. */
  sourceLabel?: string;
  sheetNames: string[];
  mappings: SheetMapping[];
  config: Config;
  unknownStatuses: string[];
  limitations: string[];
  saveOutcome?: HostOutcome;
  /** One file, or several read as one tracker. */
  onOpenFile?: (files: File[]) => void;
  onReadWorkbook?: () => void;
  onConfigChange: (config: Config) => void;
  onSaveSettings: () => void;
}

/** The status id a wording is mapped to by the settings, if any. */
function synonymOf(config: Config, word: string): StatusId | undefined {
  const syn = config.statusSynonyms ?? {};
  return scaleIdsOf(config.scale).find((id) => (syn[id] ?? []).some((w) => w.toLowerCase() === word.toLowerCase()));
}

export function SourceStep(props: SourceStepProps) {
  const styles = useStyles();
  const { config, mappings, onConfigChange } = props;
  const selected = config.sheet === undefined ? mappings.map((m) => m.sheet) : Array.isArray(config.sheet) ? config.sheet : [config.sheet];
  const first = mappings[0];

  const setSheets = (name: string, on: boolean) => {
    const next = on ? [...new Set([...selected, name])] : selected.filter((s) => s !== name);
    const ordered = props.sheetNames.filter((s) => next.includes(s));
    const rest: Config = { ...config };
    delete rest.sheet;
    onConfigChange(ordered.length === 0 ? rest : { ...rest, sheet: ordered });
  };

  const setColumn = (field: FieldId, header: string) => {
    const columns = { ...(config.columns ?? {}) };
    if (header === '') delete columns[field];
    else columns[field] = header;
    const rest: Config = { ...config };
    delete rest.columns;
    onConfigChange(Object.keys(columns).length === 0 ? rest : { ...rest, columns });
  };

  const scale = resolveScale(config.scale);

  const setStatusWord = (word: string, id: StatusId) => {
    const syn: Record<StatusId, string[]> = {};
    for (const s of scaleIdsOf(config.scale)) {
      const words = (config.statusSynonyms?.[s] ?? []).filter((w) => w.toLowerCase() !== word.toLowerCase());
      if (s === id) words.push(word);
      if (words.length > 0) syn[s] = words;
    }
    const rest: Config = { ...config };
    delete rest.statusSynonyms;
    onConfigChange(Object.keys(syn).length === 0 ? rest : { ...rest, statusSynonyms: syn });
  };

  // The custom scale as typed, kept while it breaks the rules (and when a built-in scale is picked, to come back to).
  const [draft, setDraft] = useState<ScaleDraft | undefined>(() => (Array.isArray(config.scale) ? draftFromScale(scale) : undefined));
  const [editingCustom, setEditingCustom] = useState(Array.isArray(config.scale));
  const [scaleSeen, setScaleSeen] = useState<ScaleConfig | undefined>(config.scale);
  const [scaleSent, setScaleSent] = useState<ScaleConfig | undefined>(config.scale);
  if (config.scale !== scaleSeen) {
    // Settings loaded or replaced from elsewhere: the editor shows them.
    setScaleSeen(config.scale);
    if (config.scale !== scaleSent) {
      setEditingCustom(Array.isArray(config.scale));
      if (Array.isArray(config.scale)) setDraft(draftFromScale(resolveScale(config.scale)));
    }
  }
  const sendScale = (value: ScaleConfig | undefined) => {
    setScaleSent(value);
    onConfigChange(withScale(config, value));
  };
  const custom = editingCustom || Array.isArray(config.scale);
  const shownDraft = custom ? (draft ?? draftFromScale(scale)) : undefined;
  const parsedDraft = shownDraft ? parseDraft(shownDraft) : undefined;

  const editDraft = (next: ScaleDraft) => {
    setDraft(next);
    const parsed = parseDraft(next);
    if (parsed.ok) sendScale(parsed.scale);
  };

  /** A new scale keeps the status words mapped to ids it also has (RAG and DCA share green, amber, red). */
  const setScale = (value: string) => {
    if (value === CUSTOM_SCALE) {
      // Starts from the scale in use, or from the custom scale left earlier.
      const start = draft ?? draftFromScale(scale);
      setEditingCustom(true);
      setDraft(start);
      const parsed = parseDraft(start);
      if (parsed.ok) sendScale(parsed.scale);
      return;
    }
    const name = value as (typeof SCALE_NAMES)[number];
    setEditingCustom(false);
    sendScale(name === 'delivery' ? undefined : name);
  };

  const [languageText, setLanguageText] = useState(config.language ?? '');
  const [languageSeen, setLanguageSeen] = useState(config.language);
  if (config.language !== languageSeen) {
    setLanguageSeen(config.language);
    if ((config.language ?? '') !== languageText.trim()) setLanguageText(config.language ?? '');
  }
  const languageError = languageProblem(languageText);
  const setLanguage = (text: string) => {
    setLanguageText(text);
    if (languageProblem(text) !== undefined) return;
    const tag = text.trim();
    const rest: Config = { ...config };
    delete rest.language;
    setLanguageSeen(tag === '' ? undefined : tag);
    onConfigChange(tag === '' ? rest : { ...rest, language: tag });
  };
  const unsaveable = languageError !== undefined || (parsedDraft !== undefined && !parsedDraft.ok);

  const setHeaderRow = (value: string) => {
    const rest: Config = { ...config };
    delete rest.headerRow;
    onConfigChange(value === '' ? rest : { ...rest, headerRow: Number(value) });
  };

  return (
    <StepCard number={1} title="Source">
      {props.limitations.length > 0 && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            This version of Excel cannot do everything; these parts are left out: {props.limitations.join('; ')}. Excel on the web or Microsoft 365 has them all.
          </MessageBarBody>
        </MessageBar>
      )}
      {props.mode === 'file' ? (
        <div className={styles.row}>
          <label htmlFor="open-workbook" className={styles.fileLabel}>
            Open workbook
          </label>
          <input
            id="open-workbook"
            type="file"
            accept=".xlsx,.xlsm,.csv,.txt"
            multiple
            disabled={props.busy}
            onChange={(e) => {
              const files = [...(e.currentTarget.files ?? [])];
              if (files.length > 0) props.onOpenFile?.(files);
            }}
          />
          <Caption1>
            The file is read in this browser and never uploaded. Choose several (one tracker per directorate, say) to report on
            them together.
          </Caption1>
        </div>
      ) : (
        <div className={styles.row}>
          <Button onClick={props.onReadWorkbook} disabled={props.busy}>
            Read workbook again
          </Button>
          <Caption1>Reads the sheets of this workbook; it never changes them.</Caption1>
        </div>
      )}
      <WorkProgress label={props.mode === 'file' ? 'Reading the file' : 'Reading the workbook'} work={props.reading} />
      {props.sourceLabel && (
        <Body1>
          Reading <strong>{props.sourceLabel}</strong>
          {first ? `: header row ${mappings.map((m) => `${m.headerRow} on "${m.sheet}"`).join(', ')}.` : '.'}
        </Body1>
      )}

      {props.sheetNames.length > 1 && (
        <fieldset className={styles.sheets}>
          <legend className={styles.legend}>Sheets to read</legend>
          {props.sheetNames.map((name) => (
            <Checkbox key={name} label={name} checked={selected.includes(name)} onChange={(_, d) => setSheets(name, d.checked === true)} />
          ))}
        </fieldset>
      )}

      {first && (
        <>
          <Field label="Header row" hint="Found automatically; pick a row if it is wrong.">
            <Select className={styles.select} value={config.headerRow === undefined ? '' : String(config.headerRow)} onChange={(_, d) => setHeaderRow(d.value)}>
              <option value="">Detected (row {first.headerRow})</option>
              {Array.from({ length: Math.max(20, first.headerRow + 5) }, (_, i) => (
                <option key={i} value={String(i + 1)}>
                  Row {i + 1}
                </option>
              ))}
            </Select>
          </Field>
          <Table size="small" className={styles.table} aria-label={`Column mapping for ${first.sheet}`}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell className={styles.fieldHead}>Field</TableHeaderCell>
                <TableHeaderCell className={styles.columnHead}>Column</TableHeaderCell>
                <TableHeaderCell className={styles.confidenceHead}>Match</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {FIELDS.map((field) => {
                const m = first.columns.find((c) => c.field === field);
                const override = config.columns?.[field];
                const perQuarter = (field === 'status' || field === 'update') && first.history.some((h) => h.kind === field);
                return (
                  <TableRow key={field}>
                    <TableCell className={styles.fieldCell}>{FIELD_LABELS[field]}</TableCell>
                    <TableCell>
                      <Select
                        className={styles.select}
                        aria-label={`Column for ${FIELD_LABELS[field]}`}
                        value={override ?? ''}
                        onChange={(_, d) => setColumn(field, d.value)}
                      >
                        <option value="">{m && !m.fromConfig ? `${m.header} (auto)` : perQuarter ? 'Per quarter (auto)' : 'Not found'}</option>
                        {first.headers
                          .filter((h) => h.trim() !== '')
                          .map((h, i) => (
                            <option key={`${h}-${i}`} value={h}>
                              {h}
                            </option>
                          ))}
                      </Select>
                    </TableCell>
                    <TableCell className={styles.confidence}>{m ? (m.fromConfig ? 'Set by you' : `${Math.round(m.confidence * 100)}%`) : perQuarter ? 'Quarter columns' : '—'}</TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
          {first.history.length > 0 && (
            <Caption1>
              Quarter columns: {first.history.map((h) => `${h.header} (${h.quarter}${h.financialYear ? ` ${h.financialYear}` : ''} ${h.kind})`).join(', ')}
            </Caption1>
          )}
        </>
      )}

      {props.unknownStatuses.length > 0 && (
        <fieldset className={styles.sheets}>
          <legend className={styles.legend}>Status words not on the scale</legend>
          {props.unknownStatuses.map((word) => (
            <Field key={word} label={`“${word}” means`}>
              <Select className={styles.select} value={synonymOf(config, word) ?? ''} onChange={(_, d) => setStatusWord(word, d.value)}>
                <option value="">Not set (reported as an issue)</option>
                {scale.entries.map((e) => (
                  <option key={e.id} value={e.id}>
                    {e.label}
                  </option>
                ))}
              </Select>
            </Field>
          ))}
        </fieldset>
      )}

      {props.sourceLabel && (
        <>
          <Field label="Status scale" hint={`Statuses: ${scale.entries.map((e) => e.label).join(', ')}`}>
            <Select className={styles.select} value={custom || Array.isArray(config.scale) ? CUSTOM_SCALE : (config.scale ?? 'delivery')} onChange={(_, d) => setScale(d.value)}>
              {SCALE_NAMES.map((n) => (
                <option key={n} value={n}>
                  {SCALE_LABELS[n]}
                </option>
              ))}
              <option value={CUSTOM_SCALE}>Your own scale</option>
            </Select>
          </Field>
          {shownDraft && (
            <ScaleEditor
              draft={shownDraft}
              {...(parsedDraft && !parsedDraft.ok ? { problems: parsedDraft.problems } : {})}
              onChange={editDraft}
            />
          )}
          {parsedDraft && !parsedDraft.ok && (
            <Caption1 className={styles.problem}>Your own scale is not used until the problems marked above are put right; the register keeps the last scale that was.</Caption1>
          )}
          <Field
            label="Report language"
            hint={`The Word report's language, as a tag: en-GB (English), cy-GB (Welsh), ga-IE (Irish), gd-GB (Scottish Gaelic). Empty means ${DEFAULT_LANGUAGE}.`}
            {...(languageError ? { validationMessage: languageError, validationState: 'error' as const } : {})}
          >
            <Input value={languageText} placeholder={DEFAULT_LANGUAGE} onChange={(_, d) => setLanguage(d.value)} />
          </Field>
          <Field label="Financial year starts in">
            <Select
              className={styles.select}
              value={String(config.financialYearStartMonth ?? 4)}
              onChange={(_, d) => onConfigChange({ ...config, financialYearStartMonth: Number(d.value) })}
            >
              {MONTHS.map((m, i) => (
                <option key={m} value={String(i + 1)}>
                  {m}
                </option>
              ))}
            </Select>
          </Field>
          <div className={styles.row}>
            <Button onClick={props.onSaveSettings} disabled={props.busy || unsaveable}>
              {props.mode === 'excel' ? 'Save settings in workbook' : 'Save settings'}
            </Button>
            {unsaveable && <Caption1>Put right the settings marked above to save them.</Caption1>}
          </div>
          <OutcomeView outcome={props.saveOutcome} />
        </>
      )}
    </StepCard>
  );
}
