import { m } from '$lib/paraglide/messages';

// An explicit table (not m[key]): the server answers with message keys, the page shows their words.
const TEXT: Record<string, () => string> = {
	studio_saved: m.studio_saved,
	studio_restored: m.studio_restored,
	studio_discarded: m.studio_discarded,
	studio_withdrawn: m.studio_withdrawn,
	studio_error_conflict: m.studio_error_conflict,
	studio_error_draft_exists: m.studio_error_draft_exists,
	studio_error_exists: m.studio_error_exists,
	studio_error_bad_name: m.studio_error_bad_name,
	studio_error_missing: m.studio_error_missing,
	studio_error_too_big: m.studio_error_too_big,
	studio_error_not_draft: m.studio_error_not_draft,
	studio_error_file_type: m.studio_error_file_type,
	studio_error_no_course: m.studio_error_no_course,
	studio_error_title: m.studio_error_title,
	studio_error_problems: m.studio_error_problems,
	studio_error_picture_broken: m.studio_error_picture_broken,
	studio_error_archive_broken: m.studio_error_archive_broken,
	studio_error_archive_folder: m.studio_error_archive_folder,
	studio_error_archive_name: m.studio_error_archive_name,
	studio_error_archive_too_big: m.studio_error_archive_too_big,
	studio_status_published: m.studio_status_published,
	studio_status_draft: m.studio_status_draft,
	studio_status_changed: m.studio_status_changed,
	studio_status_superseded: m.studio_status_superseded,
	studio_status_withdrawn: m.studio_status_withdrawn
};

/** The words of a studio message key. */
export const studioText = (key: string): string => (TEXT[key] ?? m.studio_error_missing)();
