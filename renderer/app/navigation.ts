/**
 * Moving between screens from inside one: App provides it from the screen registry, so a screen
 * offers a way to another only when the user may open it.
 */
import { createContext, useContext } from 'react';
import type { ScreenId } from './screens';

export interface Navigation {
  canGo(id: ScreenId): boolean;
  go(id: ScreenId): void;
}

export const NavigationContext = createContext<Navigation>({ canGo: () => false, go: () => undefined });

export const useNavigation = (): Navigation => useContext(NavigationContext);
