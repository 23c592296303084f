export { leadWorkflow } from './lead'
