// The bottom tabs for each kind of account: learners (and visitors) get their learning, workers the pages of
// their work. Plain data, so the root layout stays light on the learner pages.
import { m } from '$lib/paraglide/messages';

export type NavRole = 'learner' | 'trainer' | 'staff' | 'admin';
export type NavTab = {
	href: string;
	label: string;
	icon: 'book' | 'progress' | 'award' | 'home' | 'user' | 'users' | 'map' | 'printer' | 'check';
};

/** The role a worker's area implies ("/staff/…" is staff), for the first render before the session is asked. */
export function roleOfPath(path: string): NavRole {
	if (path === '/staff' || path.startsWith('/staff/')) return 'staff';
	if (path === '/admin' || path.startsWith('/admin/')) return 'admin';
	if (path === '/trainer' || path.startsWith('/trainer/')) return 'trainer';
	return 'learner';
}

/** The tabs of a role; the first is that role's home (where sign-in lands). */
export function navTabs(role: NavRole): NavTab[] {
	const me: NavTab = { href: '/me', label: m.nav_me(), icon: 'user' };
	switch (role) {
		case 'staff':
			return [
				{ href: '/staff/records', label: m.nav_staff_records(), icon: 'progress' },
				{ href: '/staff', label: m.nav_staff_learners(), icon: 'users' },
				{ href: '/staff/print', label: m.print_nav(), icon: 'printer' },
				me
			];
		case 'admin':
			return [
				{ href: '/admin', label: m.nav_admin_regions(), icon: 'map' },
				{ href: '/admin/accounts', label: m.nav_admin_accounts(), icon: 'users' },
				{ href: '/admin/records', label: m.nav_staff_records(), icon: 'progress' },
				{ href: '/admin/print', label: m.print_nav(), icon: 'printer' },
				me
			];
		case 'trainer':
			return [
				{ href: '/trainer', label: m.nav_trainer_checks(), icon: 'check' },
				{ href: '/', label: m.nav_courses(), icon: 'book' },
				me
			];
		default:
			return [
				{ href: '/', label: m.nav_courses(), icon: 'book' },
				{ href: '/learning', label: m.nav_learning(), icon: 'progress' },
				{ href: '/certificates', label: m.nav_certificates(), icon: 'award' },
				{ href: '/village', label: m.village_nav(), icon: 'home' },
				me
			];
	}
}
