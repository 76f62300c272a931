/**
 * The width a chart has to draw in, measured before the first paint and again when its column
 * changes (a resized window, the sidebar): charts are drawn to the pixel rather than stretched,
 * so their text keeps its size and nothing scrolls sideways.
 */
import { useLayoutEffect, useRef, useState } from 'react';

export function useWidth<E extends HTMLElement>(fallback: number) {
  const ref = useRef<E>(null);
  const [width, setWidth] = useState(fallback);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const w = Math.floor(el.clientWidth);
      if (w > 0) setWidth(w);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width] as const;
}
