export { leadWorkflow } from './lead'
export { anonymousVoiceSessionWorkflow } from './anonymous-voice-session'
export { dealWorkflow } from './deal'
export { taskReminderWorkflow } from './task-reminder'
