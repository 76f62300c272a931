/**
 * Choosing files with the app's own button. The browser's file input names itself in the
 * system's language ("Choose Files", "No file chosen") whatever language the user works in, and
 * cannot be styled; react-aria's FileTrigger opens the same picker from our Button instead, and
 * clears its choice each time, so the same file can be chosen again after it was corrected.
 */
import type { ReactNode } from 'react';
import { FileTrigger } from 'react-aria-components';
import { Button, type ButtonVariant } from './Button';

export function FileButton(props: {
  children: ReactNode;
  /** File name endings the picker offers, e.g. ['.age']. */
  accept: readonly string[];
  multiple?: boolean;
  variant?: ButtonVariant;
  onFiles: (files: File[]) => void;
}) {
  return (
    <FileTrigger
      acceptedFileTypes={props.accept}
      allowsMultiple={props.multiple ?? false}
      onSelect={(list) => {
        if (list?.length) props.onFiles([...list]);
      }}
    >
      <Button variant={props.variant ?? 'secondary'}>{props.children}</Button>
    </FileTrigger>
  );
}
