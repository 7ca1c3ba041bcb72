// The organisation's own status scale, edited on the Source step: each status's label, id, wordings and icon, their
// order (best first, which is the rank) and the one that means delivered. A draft that breaks the settings' rules is
// kept as typed, with each problem next to its field; the settings only take it once it is valid.
import { Button, Caption1, Field, Input, makeStyles, Select, tokens } from '@fluentui/react-components';
import { useEffect, useRef } from 'react';
import { ScaleConfigSchema, STATUS_ICONS, type CustomStatus, type StatusIcon } from '../../domain/config';
import type { StatusScale } from '../../domain/status-scale';

export const MIN_STATUSES = 2;
export const MAX_STATUSES = 5;

export const ICON_LABELS: Record<StatusIcon, string> = {
  check: 'Tick',
  cross: 'Cross',
  exclamation: 'Exclamation mark',
  'green-light': 'Green traffic light',
  'amber-light': 'Amber traffic light',
  'red-light': 'Red traffic light',
  'green-flag': 'Green flag',
  'amber-flag': 'Amber flag',
  'red-flag': 'Red flag',
  'arrow-up': 'Arrow up',
  'arrow-up-right': 'Arrow up-right',
  'arrow-right': 'Arrow right',
  'arrow-down-right': 'Arrow down-right',
  'arrow-down': 'Arrow down',
};

export interface DraftStatus {
  /** Stable while the status is edited and moved (React key, focus after a move). */
  key: number;
  id: string;
  label: string;
  /** The wordings as typed, separated by commas. */
  words: string;
  icon: StatusIcon;
  /** A status added here takes its id from its label until the id is typed; an existing id stays (report.json and earlier reports use it). */
  idFromLabel: boolean;
}

export interface ScaleDraft {
  /** Best first. */
  statuses: DraftStatus[];
  /** The key of the status that means delivered, if one does. */
  delivered?: number;
  nextKey: number;
}

type StatusField = 'id' | 'label' | 'words' | 'icon';
export interface DraftProblems {
  /** By status key, then field. */
  fields: Map<number, Partial<Record<StatusField, string>>>;
  /** Problems of the scale as a whole. */
  scale: string[];
}

export function draftFromScale(scale: StatusScale): ScaleDraft {
  const statuses = scale.entries.map((e, i) => ({ key: i, id: e.id, label: e.label, words: e.words.join(', '), icon: e.icon, idFromLabel: false }));
  const delivered = scale.entries.findIndex((e) => e.delivered === true);
  return { statuses, ...(delivered >= 0 ? { delivered } : {}), nextKey: statuses.length };
}

function wordsOf(text: string): string[] {
  return text
    .split(',')
    .map((w) => w.trim())
    .filter((w) => w !== '');
}

/** The draft as the settings' custom scale (rank = position), checked by the settings' own schema. */
export function parseDraft(draft: ScaleDraft): { ok: true; scale: CustomStatus[] } | { ok: false; problems: DraftProblems } {
  const candidate = draft.statuses.map((s, i) => {
    const words = wordsOf(s.words);
    return {
      id: s.id.trim(),
      label: s.label,
      ...(words.length > 0 ? { words } : {}),
      icon: s.icon,
      rank: i + 1,
      ...(draft.delivered === s.key ? { delivered: true } : {}),
    };
  });
  const parsed = ScaleConfigSchema.safeParse(candidate);
  if (parsed.success && Array.isArray(parsed.data)) return { ok: true, scale: parsed.data };
  const problems: DraftProblems = { fields: new Map(), scale: [] };
  // The union's list branch holds the problems of a list (the name branch only says it is not a name).
  const issues = parsed.success
    ? []
    : parsed.error.issues.flatMap((i) => (i.code === 'invalid_union' ? (i.errors.find((b) => b.some((x) => x.path.length > 0 || x.code !== 'invalid_value')) ?? []) : [i]));
  for (const issue of issues) {
    const [index, field] = issue.path;
    const status = typeof index === 'number' ? draft.statuses[index] : undefined;
    if (status && (field === 'id' || field === 'label' || field === 'words' || field === 'icon')) {
      const known = problems.fields.get(status.key) ?? {};
      if (known[field] === undefined) known[field] = messageFor(field, issue.message, issue.code);
      problems.fields.set(status.key, known);
    } else {
      problems.scale.push(issue.message);
    }
  }
  if (problems.fields.size === 0 && problems.scale.length === 0) problems.scale.push('The scale is not valid.');
  return { ok: false, problems };
}

function messageFor(field: StatusField, message: string, code: string): string {
  if (field === 'label' && code === 'too_small') return 'Give the status a label.';
  if (field === 'id' && code === 'invalid_format') return `The id is ${message.replace(/^an? status id is /, '')}.`;
  return message.charAt(0).toUpperCase() + message.slice(1) + (message.endsWith('.') ? '' : '.');
}

/** An id made from a label: "Amber/Green" -> "amber-green". */
export function idFromLabel(label: string): string {
  return label
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

const useStyles = makeStyles({
  editor: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  status: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    margin: 0,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  legend: { fontWeight: tokens.fontWeightSemibold, padding: `0 ${tokens.spacingHorizontalXS}` },
  // Side by side where both fit whole (the icon's longest name with its chevron is about 150 px), else one above the
  // other; each field's top on the same line when only one shows a problem under it.
  pair: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(160px, 1fr))', gap: tokens.spacingHorizontalS, alignItems: 'start' },
  control: { minWidth: 0 },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  problem: { color: tokens.colorPaletteRedForeground1 },
});

export interface ScaleEditorProps {
  draft: ScaleDraft;
  problems?: DraftProblems;
  onChange: (draft: ScaleDraft) => void;
}

export function ScaleEditor({ draft, problems, onChange }: ScaleEditorProps) {
  const styles = useStyles();
  // After a move the moved status's button keeps the focus (React moves the element, which blurs it).
  const focusNext = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (focusNext.current === undefined) return;
    document.getElementById(focusNext.current)?.focus();
    focusNext.current = undefined;
  });

  const n = draft.statuses.length;
  const update = (key: number, change: Partial<DraftStatus>) =>
    onChange({ ...draft, statuses: draft.statuses.map((s) => (s.key === key ? { ...s, ...change } : s)) });
  const setLabel = (s: DraftStatus, label: string) =>
    update(s.key, { label, ...(s.idFromLabel ? { id: idFromLabel(label) } : {}) });
  const move = (index: number, by: -1 | 1) => {
    const statuses = [...draft.statuses];
    const [moved] = statuses.splice(index, 1);
    if (!moved) return;
    statuses.splice(index + by, 0, moved);
    const target = index + by;
    // The same button while it can move further, else the other one.
    const same = by === -1 ? target > 0 : target < n - 1;
    focusNext.current = `status-${moved.key}-${(by === -1) === same ? 'up' : 'down'}`;
    onChange({ ...draft, statuses });
  };
  const add = () => {
    const key = draft.nextKey;
    onChange({ ...draft, statuses: [...draft.statuses, { key, id: '', label: '', words: '', icon: 'exclamation', idFromLabel: true }], nextKey: key + 1 });
    focusNext.current = `status-${key}-label`;
  };
  const remove = (key: number) => {
    const rest: ScaleDraft = { ...draft, statuses: draft.statuses.filter((s) => s.key !== key) };
    if (rest.delivered === key) delete rest.delivered;
    onChange(rest);
  };

  return (
    <div className={styles.editor}>
      <Caption1>Best first: the order is the scale's rank. Up to {MAX_STATUSES} statuses (Excel shows at most five icons).</Caption1>
      {draft.statuses.map((s, i) => {
        const p = problems?.fields.get(s.key) ?? {};
        const name = s.label.trim() || 'new status';
        return (
          <fieldset key={s.key} className={styles.status}>
            <legend className={styles.legend}>
              Status {i + 1}: {name}
              {i === 0 ? ' (best)' : i === n - 1 ? ' (worst)' : ''}
            </legend>
            <div className={styles.pair}>
              <Field className={styles.control} label="Label" required {...(p.label ? { validationMessage: p.label, validationState: 'error' as const } : {})}>
                <Input id={`status-${s.key}-label`} value={s.label} onChange={(_, d) => setLabel(s, d.value)} />
              </Field>
              <Field className={styles.control} label="Icon" {...(p.icon ? { validationMessage: p.icon, validationState: 'error' as const } : {})}>
                <Select className={styles.control} value={s.icon} onChange={(_, d) => update(s.key, { icon: d.value as StatusIcon })}>
                  {STATUS_ICONS.map((icon) => (
                    <option key={icon} value={icon}>
                      {ICON_LABELS[icon]}
                    </option>
                  ))}
                </Select>
              </Field>
            </div>
            <Field
              label="Words people write for it"
              hint="Separated by commas; the label and the id are understood too."
              {...(p.words ? { validationMessage: p.words, validationState: 'error' as const } : {})}
            >
              <Input value={s.words} onChange={(_, d) => update(s.key, { words: d.value })} />
            </Field>
            <Field label="Id (in report.json)" {...(p.id ? { validationMessage: p.id, validationState: 'error' as const } : {})}>
              <Input value={s.id} onChange={(_, d) => update(s.key, { id: d.value, idFromLabel: false })} />
            </Field>
            <div className={styles.row}>
              <Button id={`status-${s.key}-up`} size="small" disabled={i === 0} onClick={() => move(i, -1)}>
                Move up
              </Button>
              <Button id={`status-${s.key}-down`} size="small" disabled={i === n - 1} onClick={() => move(i, 1)}>
                Move down
              </Button>
              <Button size="small" disabled={n <= MIN_STATUSES} onClick={() => remove(s.key)}>
                Remove
              </Button>
            </div>
          </fieldset>
        );
      })}
      <div className={styles.row}>
        <Button disabled={n >= MAX_STATUSES} onClick={add}>
          Add status
        </Button>
      </div>
      <Field label="Status that means delivered" hint="Counted as delivered in the report; a scale may have none.">
        <Select
          className={styles.control}
          value={draft.delivered === undefined ? '' : String(draft.delivered)}
          onChange={(_, d) => {
            const rest: ScaleDraft = { ...draft };
            delete rest.delivered;
            onChange(d.value === '' ? rest : { ...rest, delivered: Number(d.value) });
          }}
        >
          <option value="">None</option>
          {draft.statuses.map((s, i) => (
            <option key={s.key} value={String(s.key)}>
              {s.label.trim() || `Status ${i + 1}`}
            </option>
          ))}
        </Select>
      </Field>
      {problems?.scale.map((m) => (
        <Caption1 key={m} className={styles.problem} role="alert">
          {m}
        </Caption1>
      ))}
    </div>
  );
}
