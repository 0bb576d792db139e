import type { InteractionKind } from '../../api/bindings';

/** In the order the interaction form offers them. */
export const INTERACTION_KINDS: InteractionKind[] = ['call', 'email', 'visit', 'meeting', 'sale', 'other'];
