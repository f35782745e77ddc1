import { z } from "zod";
import { Checkbox, safeText } from "~/app/lib/validation.ts";

/** Topic forms (admin/topics); browser-safe. Messages are keys under "validation.". */
export const TopicName = safeText({ max: 80 });

export const CreateTopicInput = z.object({
  name: TopicName,
  requiresSecondApproval: Checkbox.default(false),
});
export type CreateTopicInput = z.infer<typeof CreateTopicInput>;

export const UpdateTopicInput = z.object({
  topicId: z.uuid(),
  name: TopicName,
  requiresSecondApproval: Checkbox.default(false),
});
export type UpdateTopicInput = z.infer<typeof UpdateTopicInput>;

export const DeleteTopicInput = z.object({ topicId: z.uuid() });
export type DeleteTopicInput = z.infer<typeof DeleteTopicInput>;
