/** The staff and window lists most forms pick from. */
import { onMounted, ref } from 'vue';
import { api, type Staff, type WithId } from '../api';

export function useStaff() {
  const staff = ref<WithId<Staff>[]>([]);
  onMounted(async () => {
    staff.value = (await api.list('staff')).filter((s) => s.active) as WithId<Staff>[];
  });
  return staff;
}
