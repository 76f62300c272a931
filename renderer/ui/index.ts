/**
 * The UI kit: building blocks every feature uses (fields, choices, buttons, dialogs, messages, the
 * action hook, the table, saving files), the interactive ones on react-aria-components. It knows
 * no feature and no screen; only the texts and the error words.
 */
export { Field, NewPassphraseFields } from './Field';
export { SelectField } from './SelectField';
export { Checkbox, RadioGroup } from './Choice';
export { Button, type ButtonVariant } from './Button';
export { FileButton } from './FileButton';
export { Fingerprint } from './Fingerprint';
export { ErrorBox } from './ErrorBox';
export { Notice } from './Notice';
export { ProgressBar } from './ProgressBar';
export { Dialog } from './Dialog';
export { useAction } from './useAction';
export { DataTable, useSortableTable, type TableFeatures } from './DataTable';
export { ColumnMenu } from './ColumnMenu';
export { saveBase64, saveFile, saveJson } from './download';
export { fieldIssue, issuesOf } from './field-issues';
