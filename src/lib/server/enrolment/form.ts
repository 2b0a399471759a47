import { z } from 'zod';
import { nameField } from '../text/names.ts';
import { isMainlandMobile, isValidIdNumber, normaliseIdNumber, normalisePhone } from './identity.ts';

/* Field builders shared by the household and learner forms; their messages are message keys (see ../forms.ts). */

export const idField = (key: string) => z.coerce.number({ error: key }).int({ error: key }).positive({ error: key });

export const textField = (required: string, max = 50) =>
	z.string({ error: required }).trim().min(1, { error: required }).max(max, { error: 'enrol_too_long' });

/** A person's name: normalised, and refused with invisible or control characters (see ../text/names.ts). */
export const personNameField = (required: string) => nameField(50, { required, tooLong: 'enrol_too_long' });

/** Optional phone: '' means none; otherwise normalised, then checked. */
export const phoneField = z
	.string()
	.optional()
	.transform((v) => (v ? normalisePhone(v) : ''))
	.refine((v) => v === '' || isMainlandMobile(v), { error: 'enrol_phone_invalid' })
	.transform((v) => v || null);

export const idNumberField = z
	.string()
	.optional()
	.transform((v) => (v ? normaliseIdNumber(v) : ''))
	.refine((v) => v === '' || isValidIdNumber(v), { error: 'enrol_id_invalid' })
	.transform((v) => v || null);
