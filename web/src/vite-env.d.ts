/** Ambient types for the Vite build (CSS imports, import.meta.env). */
/// <reference types="vite/client" />
