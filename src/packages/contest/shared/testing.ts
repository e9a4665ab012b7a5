/**
 * Component tests of the contest pages: Taro's Input and Textarea (web components that need a real
 * browser to hold a value) replaced by plain <input> and <textarea> that call `onInput` as Taro does
 * (`detail.value`), so a test types with fireEvent.change; Video by a plain <video> (jsdom cannot load
 * media). Use in a jest.mock factory:
 *
 *   jest.mock('@tarojs/components', () => jest.requireActual('../shared/testing').plainFields());
 */
import { createElement } from 'react';

type FieldProps = {
  id?: string;
  value?: string;
  placeholder?: string;
  disabled?: boolean;
  onInput?: (e: { detail: { value: string } }) => void;
};

/** @tarojs/components with plain text fields. */
export function plainFields(): Record<string, unknown> {
  const actual = jest.requireActual('@tarojs/components') as Record<string, unknown>;
  const field = (tag: 'input' | 'textarea') =>
    function PlainField(props: FieldProps) {
      return createElement(tag, {
        id: props.id,
        value: props.value ?? '',
        placeholder: props.placeholder,
        disabled: props.disabled,
        onChange: (e: { target: { value: string } }) =>
          props.onInput?.({ detail: { value: e.target.value } }),
      });
    };
  const Video = (props: { src?: string; poster?: string; className?: string }) =>
    createElement('video', { src: props.src, poster: props.poster, className: props.className });
  return { ...actual, Input: field('input'), Textarea: field('textarea'), Video };
}
