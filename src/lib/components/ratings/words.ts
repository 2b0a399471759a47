// The words of the three faces and of a refused feedback post, for both ways of giving feedback: the tapping
// components here and the lesson page's plain forms (which must not load those: see the lesson page).
import { m } from '$lib/paraglide/messages';
import { COMMENT_MAX, type FeedbackFormError, type RatingFace } from '$lib/sync/rating';

/** Each face's word, beside its emoji. */
export const faceWord: Record<RatingFace, () => string> = {
	hard: m.rate_face_hard,
	ok: m.rate_face_ok,
	useful: m.rate_face_useful
};

/** Why the server refused a rating or "我没看懂" sent without JavaScript, in words. */
export const feedbackErrorText: Record<FeedbackFormError, () => string> = {
	face: m.rate_error_face,
	comment_too_long: () => m.rate_error_comment_too_long({ max: COMMENT_MAX }),
	not_saved: m.rate_error_not_saved
};
