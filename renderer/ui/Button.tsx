/**
 * The app's button on react-aria's Button: press works the same by mouse, touch, Enter and Space,
 * and the focus ring shows for the keyboard only ([data-focus-visible] in styles.css).
 */
import type { ReactNode } from 'react';
import { Button as AriaButton } from 'react-aria-components';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'link';

export function Button(props: {
  children: ReactNode;
  onPress?: () => void;
  type?: 'button' | 'submit';
  variant?: ButtonVariant;
  small?: boolean;
  disabled?: boolean;
  'aria-label'?: string;
  className?: string;
}) {
  const classes = [props.variant && props.variant !== 'primary' ? props.variant : '', props.small ? 'small' : '', props.className ?? ''].filter(Boolean).join(' ');
  return (
    <AriaButton type={props.type ?? 'button'} className={classes || undefined} onPress={props.onPress} isDisabled={props.disabled} aria-label={props['aria-label']}>
      {props.children}
    </AriaButton>
  );
}
