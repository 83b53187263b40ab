// The live dashboard's side of the casino: the admin socket, its one channel, the panels
// it shows and what each role may see of them.
export { adminConnect, adminSocketId, adminSocketExpiry, UNSIGNED_SOCKET_MS, type AdminAssigns } from './admin_socket.ts';
export { adminChannel, ADMIN_TOPIC, type AdminFeed, type AdminChannelDeps } from './admin_channel.ts';
export { dashboardSections, type SectionDeps } from './sections.ts';
export { SECTION_PERMISSIONS, mayView, sectionsFor, permissionsOf, snapshotFor, type Section } from './view.ts';
