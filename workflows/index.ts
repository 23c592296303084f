export { leadWorkflow } from './lead'
export { anonymousVoiceSessionWorkflow } from './anonymous-voice-session'
export { taskReminderWorkflow } from './task-reminder'
