/**
 * The GTD category names Vigil codes incidents with (`../shared/docs/product.md`, used
 * verbatim), as lists the API validates corrections against and the web app offers in its
 * edit form. Pure data, importable from both sides.
 */

export const ATTACK_TYPES = [
  'Assassination',
  'Armed Assault',
  'Bombing/Explosion',
  'Hijacking',
  'Hostage Taking (Barricade Incident)',
  'Hostage Taking (Kidnapping)',
  'Facility/Infrastructure Attack',
  'Unarmed Assault',
  'Unknown',
  'Foiled Plot',
] as const;

export const WEAPON_TYPES = [
  'Biological',
  'Chemical',
  'Radiological',
  'Nuclear',
  'Firearms',
  'Explosives',
  'Fake Weapons',
  'Incendiary',
  'Melee',
  'Vehicle',
  'Sabotage Equipment',
  'Other',
  'Unknown',
] as const;

export const TARGET_TYPES = [
  'Business',
  'Government (General)',
  'Police',
  'Military',
  'Abortion Related',
  'Airports & Aircraft',
  'Government (Diplomatic)',
  'Educational Institution',
  'Food or Water Supply',
  'Journalists & Media',
  'Maritime',
  'NGO',
  'Other',
  'Private Citizens & Property',
  'Religious Figures/Institutions',
  'Telecommunication',
  'Terrorists/Non-State Militia',
  'Tourists',
  'Transportation',
  'Unknown',
  'Utilities',
  'Violent Political Party',
] as const;
