import { javascript } from '@codemirror/lang-javascript';
import { json } from '@codemirror/lang-json';
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { useEffect, useRef } from 'preact/hooks';

/** Props of {@link CodeEditor}. */
export interface CodeEditorProps {
  value: string;
  onChange?: (value: string) => void;
  language?: 'javascript' | 'json';
  readOnly?: boolean;
  label: string;
  /** Minimum height class: `tall` for code, `short` for JSON parameters. */
  size?: 'tall' | 'short';
}

/** Sizes and fonts, as a CodeMirror theme: page CSS does not reach into the editor's shadow root. */
const sizes = {
  tall: EditorView.theme({ '&': { minHeight: '220px', maxHeight: '480px' }, '.cm-scroller': { minHeight: '220px' } }),
  short: EditorView.theme({ '&': { minHeight: '80px', maxHeight: '240px' } }),
};
const font = EditorView.theme({ '.cm-scroller': { fontFamily: "ui-monospace, 'SFMono-Regular', Menlo, Consolas, 'DejaVu Sans Mono', monospace", fontSize: '13.5px' }, '&.cm-focused': { outline: '3px solid #a5b4fc' } });

/**
 * CodeMirror 6, mounted in a shadow root. There CodeMirror puts its styles into a constructed stylesheet
 * (`adoptedStyleSheets`) instead of a `<style>` element, so the console's CSP needs no inline style. Tab stays a
 * focus key (Esc then Tab leaves the editor), as CodeMirror does by default.
 */
export function CodeEditor({ value, onChange, language = 'javascript', readOnly = false, label, size = 'tall' }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | undefined>(undefined);
  const changed = useRef(onChange);
  changed.current = onChange;

  useEffect(() => {
    const el = host.current!;
    const root = el.shadowRoot ?? el.attachShadow({ mode: 'open' });
    const v = new EditorView({
      root,
      parent: root,
      state: EditorState.create({
        doc: value,
        extensions: [
          basicSetup,
          sizes[size],
          font,
          language === 'json' ? json() : javascript(),
          EditorState.readOnly.of(readOnly),
          EditorView.editable.of(!readOnly),
          EditorView.contentAttributes.of({ 'aria-label': label }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) changed.current?.(u.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = v;
    return () => v.destroy();
  }, [language, readOnly, label, size]);

  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value) v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
  }, [value]);

  return <div ref={host} class={`code-editor code-editor-${size}`} />;
}
